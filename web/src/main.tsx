import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './styles/app.scss';

const root = document.getElementById('root');
if (root) {
  document.body.classList.add('govuk-frontend-supported');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
