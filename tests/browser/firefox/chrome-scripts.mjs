// Privileged scripts run through Marionette in the chrome context of the browser window
// (their source text is sent, so each function is self-contained). They drive the DevTools
// toolbox as a user would: open it on the tab, then click the Network panel's "Save All As HAR"
// and the Web Console's "Save all Messages to File". The only thing replaced is the native file
// picker (headless Firefox cannot show one): a stand-in nsIFilePicker answers "save to <path>",
// and DevTools' own saveAs() writes the bytes it was given (IOUtils.write).

/* eslint-disable no-undef */

/** Opens the toolbox on the selected tab with the Console and Network panels loaded. */
export async function openToolbox(blockedUrls) {
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');

  // The file picker stand-in: DevToolsUtils.showSaveFileDialog() gets `state.saveTo`.
  const state = (window.__corsdx = { saveTo: null, picked: [] });
  const registrar = Components.manager.QueryInterface(Ci.nsIComponentRegistrar);
  const cid = Components.ID('{5b0f4d8e-2a6c-4f3e-9d61-8c2f7a1e4b90}');
  function Picker() {}
  Picker.prototype = {
    QueryInterface: ChromeUtils.generateQI(['nsIFilePicker']),
    defaultString: '', defaultExtension: '', filterIndex: 0, displayDirectory: null,
    displaySpecialDirectory: '', addToRecentDocs: false, okButtonLabel: '', mode: 0,
    init(browsingContext, title, mode) { this.mode = mode; },
    appendFilter() {},
    appendFilters() {},
    appendRawFilter() {},
    get file() {
      const f = Cc['@mozilla.org/file/local;1'].createInstance(Ci.nsIFile);
      f.initWithPath(this.target);
      return f;
    },
    get fileURL() { return Services.io.newFileURI(this.file); },
    get files() { return [this.file][Symbol.iterator](); },
    open(callback) {
      this.target = state.saveTo;
      state.picked.push({ suggested: this.defaultString, target: this.target });
      state.saveTo = null;
      Services.tm.dispatchToMainThread(() => callback.done(this.target ? Ci.nsIFilePicker.returnOK : Ci.nsIFilePicker.returnCancel));
    },
  };
  if (!state.registered) {
    registrar.registerFactory(cid, 'corsdx harness save target', '@mozilla.org/filepicker;1', {
      createInstance(iid) { return new Picker().QueryInterface(iid); },
    });
    state.registered = true;
  }

  const tab = window.gBrowser.selectedTab;
  const toolbox = await gDevTools.showToolboxForTab(tab, { toolId: 'webconsole' });
  await toolbox.selectTool('netmonitor');
  if (blockedUrls.length) await toolbox.commands.networkCommand.setBlockedUrls(blockedUrls);
  return { tools: [...toolbox.panelDefinitions ?? []].map((d) => d.id).filter((id) => ['webconsole', 'netmonitor'].includes(id)) };
}

/**
 * Clicks the Network panel's "Save All As HAR" (its settings menu) and the Web Console's "Save all
 * Messages to File" (its context menu), answering the file pickers with `harPath` and
 * `consolePath`; resolves when both files are written.
 */
export async function exportAll(harPath, consolePath, settleMs) {
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const toolbox = gDevTools.getToolboxForTab(window.gBrowser.selectedTab);
  const state = window.__corsdx;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const waitFor = async (fn, what, ms = 10000) => {
    for (let t = 0; t < ms; t += 50) {
      const v = await fn();
      if (v) return v;
      await sleep(50);
    }
    throw new Error(`timeout waiting for ${what}`);
  };
  const report = {};
  const written = async (p) => (await IOUtils.exists(p)) && !(await IOUtils.exists(p + '.tmp'));

  // Let the panels settle: wait until the Network panel's request count and the Console's
  // message count have not changed for `settleMs` (at most 15 s).
  const nm = await toolbox.selectTool('netmonitor');
  const wcPanel = toolbox.getPanel('webconsole');
  const counts = () => `${nm.panelWin.store.getState().requests.requests.length}/${wcPanel.hud.ui.wrapper.getStore().getState().messages.mutableMessagesById.size}`;
  let last = counts();
  let stableSince = Date.now();
  const t0 = Date.now();
  while (Date.now() - stableSince < settleMs && Date.now() - t0 < 15000) {
    await sleep(100);
    const now = counts();
    if (now !== last) { last = now; stableSince = Date.now(); }
  }
  report.settled_ms = Date.now() - t0;

  // Network panel: settings menu (gear) → "Save All As HAR".
  const nmDoc = nm.panelWin.document;
  const requests = nm.panelWin.store.getState().requests.requests.length;
  const gear = await waitFor(() => nmDoc.querySelector('.netmonitor-settings-menu-button'), 'network settings button');
  gear.click();
  const item = await waitFor(() => nmDoc.querySelector('.netmonitor-settings-save-har-item')
    || toolbox.doc.querySelector('.netmonitor-settings-save-har-item'), '"Save All As HAR" menu item');
  state.saveTo = harPath;
  item.click();
  await waitFor(() => written(harPath), 'HAR file', 20000);
  report.har = { action: 'Network panel settings menu: "Save All As HAR"', label: item.textContent, requests_in_panel: requests };

  // Web Console: context menu on the output → "Save all Messages to File".
  const wc = await toolbox.selectTool('webconsole');
  const ui = wc.hud.ui;
  const output = await waitFor(() => ui.outputNode.querySelector('.webconsole-output'), 'console output');
  const chromeDoc = wc.hud.chromeWindow.document;
  output.dispatchEvent(new ui.window.MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2, screenX: 10, screenY: 10 }));
  // DevTools menus are created in the topmost chrome window (the browser window).
  const menuItem = await waitFor(() => window.document.getElementById('console-menu-export-file')
    || chromeDoc.getElementById('console-menu-export-file'), '"Save all Messages to File" menu item');
  state.saveTo = consolePath;
  const label = menuItem.getAttribute('label');
  menuItem.doCommand();
  menuItem.closest('menupopup')?.hidePopup();
  await waitFor(() => written(consolePath), 'console file', 20000);
  report.console = { action: 'Web Console context menu: "Save all Messages to File"', label };
  report.file_pickers_answered = state.picked.length;
  return report;
}
