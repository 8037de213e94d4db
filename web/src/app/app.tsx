import { useEffect } from 'react';
import { Layout } from './layout';
import { StandardsOverview } from '../features/assessment/standards-overview';
import { registerServiceWorker } from '../offline';

export function App() {
  useEffect(() => {
    registerServiceWorker();
  }, []);
  return (
    <Layout partnershipName="S11 Portal">
      <StandardsOverview />
    </Layout>
  );
}
