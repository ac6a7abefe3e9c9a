// The application menu: File > Import… opens the native dialog and hands the chosen paths to the
// focused window's page, which imports and shows their progress; File > Export… opens the page's
// export menu; plus the standard roles.
import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { IPC_FILE_CHANNELS, type MenuCommand } from '../../shared/ipc';

export function installMenu(focused: () => BrowserWindow | undefined): void {
  const send = (command: MenuCommand) => focused()?.webContents.send(IPC_FILE_CHANNELS.menuCommand, command);
  const importFiles = async () => {
    const window = focused();
    if (!window) return;
    const choice = await dialog.showOpenDialog(window, {
      title: 'Import trace files',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Trace files', extensions: ['json', 'jsonl', 'ndjson', 'gz', 'pb', 'binpb', 'protobuf'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    if (!choice.canceled && choice.filePaths.length > 0) send({ kind: 'import', paths: choice.filePaths });
  };
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Trace Files…', accelerator: 'CmdOrCtrl+O', click: () => void importFiles() },
        { label: 'Export Traces…', accelerator: 'CmdOrCtrl+Shift+E', click: () => send({ kind: 'export' }) },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
