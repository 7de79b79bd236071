// Said plainly when the host stops answering: nothing typed is lost (it is autosaved once it is back).
import { useApp } from '../store/app-store';

export function ConnectionBanner() {
  const lost = useApp((s) => s.connection === 'lost');
  if (!lost) return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-lost">
      Weft’s host is not answering. Your edits stay here; they are saved to recovery again as soon as it is back.
    </div>
  );
}
