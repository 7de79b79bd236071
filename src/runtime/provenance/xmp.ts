// Provenance as an XMP packet (for WebP and JPEG, whose text metadata lives in XMP).

const NAMESPACE = 'https://weft.invalid/ns/provenance/1.0/';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export function xmpPacket(json: string): string {
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description rdf:about="" xmlns:weft="${NAMESPACE}"><weft:provenance>${escapeXml(json)}</weft:provenance></rdf:Description>` +
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

export function provenanceFromXmp(xmp: string): string | undefined {
  const match = /<weft:provenance>([\s\S]*?)<\/weft:provenance>/.exec(xmp);
  return match ? unescapeXml(match[1]!) : undefined;
}
