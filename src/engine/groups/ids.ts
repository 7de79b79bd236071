// Fresh ids for the editor's group edits: readable (made from the name the user typed) and never equal to
// one already taken, so an edit cannot silently merge two nodes, edges or groups.

/** "Portrait pass #2" -> "portrait-pass-2"; "group" when nothing usable is left. */
export function slugOf(name: string, fallback = 'group'): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** `base` if free, else `base-2`, `base-3`... The chosen id is added to `taken`. */
export function claimId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
