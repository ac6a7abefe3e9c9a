import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { client } from './api/client';
import { loadServiceColors } from './theme/service-colors';
import './styles.css';

// Services get their colors before anything colored is drawn, so none changes color once shown
// (theme/service-colors.ts); the list is maintained at ingest and answers in a few ms.
void loadServiceColors(() => client.listServices()).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
