// The editor's layout: toolbar, tabs, the canvas (or the welcome view), the gallery, and the overlays.
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { GraphCanvas } from './canvas/GraphCanvas';
import { installGlobalInput } from './commands/global-input';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ExportDialog } from './components/ExportDialog';
import { GalleryPanel } from './components/GalleryPanel';
import { HelpDialog } from './components/HelpDialog';
import { LibraryPanel } from './components/LibraryPanel';
import { ModelPicker } from './components/ModelPicker';
import { Palette } from './components/Palette';
import { PromptDialogs } from './components/PromptDialogs';
import { RecentDialog } from './components/RecentDialog';
import { RecoveryOffer } from './components/RecoveryOffer';
import { SettingsDialog } from './components/SettingsDialog';
import { StatusBar } from './components/StatusBar';
import { TabBar } from './components/TabBar';
import { Toasts } from './components/Toasts';
import { Toolbar } from './components/Toolbar';
import { Viewer } from './components/Viewer';
import { WelcomeView } from './components/WelcomeView';
import { useApp } from './store/app-store';
import { MaskPainterHost } from './widgets/mask-painter/MaskPainterHost';

function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  if (dialog === 'settings') return <SettingsDialog />;
  if (dialog === 'help') return <HelpDialog />;
  if (dialog === 'recent') return <RecentDialog />;
  if (dialog === 'export') return <ExportDialog />;
  return null;
}

export function App() {
  const active = useApp((s) => s.active);
  const galleryOpen = useApp((s) => s.galleryOpen);
  const libraryOpen = useApp((s) => s.libraryOpen);
  useEffect(() => installGlobalInput(), []);
  return (
    <div className="app">
      <Toolbar />
      <TabBar />
      <ConnectionBanner />
      <RecoveryOffer />
      <main className="workspace">
        {active ? (
          <ReactFlowProvider key={active}>
            <GraphCanvas documentId={active} />
          </ReactFlowProvider>
        ) : (
          <WelcomeView />
        )}
        {galleryOpen && <GalleryPanel />}
        {libraryOpen && <LibraryPanel />}
      </main>
      <StatusBar />
      <Palette />
      <ModelPicker />
      <Dialogs />
      <MaskPainterHost />
      <Viewer />
      <PromptDialogs />
      <Toasts />
    </div>
  );
}
