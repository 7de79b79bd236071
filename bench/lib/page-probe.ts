// What the editor benchmarks measure inside the page, installed before the app's own scripts run
// (page.addInitScript): a requestAnimationFrame loop that keeps every frame interval, the moment a file
// is chosen in an <input type=file> (the start of "open"), and a wait for "interactive". Plain
// JavaScript in a string: it runs in Chromium, not in Node.

export const PAGE_PROBE = `
(() => {
  const state = { loadStart: 0, recording: false, frames: [], lastFrame: 0, longEnd: 0 };
  document.addEventListener('change', (event) => {
    const target = event.target;
    if (target && target.type === 'file') state.loadStart = performance.now();
  }, true);
  const loop = (t) => {
    if (state.lastFrame) {
      const delta = t - state.lastFrame;
      if (state.recording) state.frames.push(delta);
      if (delta > 50) state.longEnd = t;
    }
    state.lastFrame = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  window.__weftBench = {
    state,
    startFrames() { state.frames = []; state.recording = true; },
    stopFrames() { state.recording = false; return state.frames.slice(); },
    /**
     * Resolves with the milliseconds from the file being chosen to "interactive": at least minNodes
     * nodes drawn, and after that no frame longer than 50 ms for quietMs (the main thread answers).
     */
    async interactive(minNodes, quietMs, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      let drawnAt = 0;
      for (;;) {
        await frame();
        const now = performance.now();
        if (!drawnAt && state.loadStart && document.querySelectorAll('.react-flow__node').length >= minNodes) drawnAt = now;
        const since = Math.max(drawnAt, state.longEnd);
        if (drawnAt && now - since >= quietMs) return { ms: since - state.loadStart, nodes: document.querySelectorAll('.react-flow__node').length };
        if (now > deadline) throw new Error('not interactive within ' + timeoutMs + ' ms (' + document.querySelectorAll('.react-flow__node').length + ' nodes drawn)');
      }
    },
    /** A point of the canvas where a press lands on the empty pane, not on a node or a control. */
    emptyPanePoint() {
      const pane = document.querySelector('.react-flow__pane');
      if (!pane) return null;
      const box = pane.getBoundingClientRect();
      for (let y = box.top + box.height * 0.5; y < box.bottom - 40; y += 7) {
        for (let x = box.left + 80; x < box.right - 300; x += 11) {
          const hit = document.elementFromPoint(x, y);
          const right = document.elementFromPoint(x + 200, y);
          if (hit && hit.classList.contains('react-flow__pane') && right && right.classList.contains('react-flow__pane')) return { x, y };
        }
      }
      return { x: box.left + 40, y: box.bottom - 60 };
    },
    /** Output thumbnails drawn on the canvas: how many, how many loaded, and the largest natural size. */
    thumbnails() {
      const images = [...document.querySelectorAll('img.thumb')];
      return {
        count: images.length,
        loaded: images.filter((i) => i.complete && i.naturalWidth > 0).length,
        largestSide: Math.max(0, ...images.map((i) => Math.max(i.naturalWidth, i.naturalHeight))),
      };
    },
  };
})();
`;
