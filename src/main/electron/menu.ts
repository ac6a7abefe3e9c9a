// The application menu: File > Import… / Export… hand the command to the focused window's page
// (it owns the file picker, the progress and the export options), plus the standard roles.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { IPC_FILE_CHANNELS, type MenuCommand } from '../../shared/ipc';

export function installMenu(focused: () => BrowserWindow | undefined): void {
  const send = (command: MenuCommand) => () => focused()?.webContents.send(IPC_FILE_CHANNELS.menuCommand, command);
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Trace Files…', accelerator: 'CmdOrCtrl+O', click: send('import') },
        { label: 'Export Traces…', accelerator: 'CmdOrCtrl+Shift+E', click: send('export') },
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
