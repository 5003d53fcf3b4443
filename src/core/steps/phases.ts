/** The phases of an install, in order; a plan shows those its steps use. */
import type { Phase } from '../plan/types.js';

export const phases: readonly Phase[] = [
  { id: 'host', title: 'Prepare the host' },
  { id: 'repositories', title: 'Configure the package repositories' },
  { id: 'packages', title: 'Install the packages' },
  { id: 'bridge', title: 'Bridge the network interface' },
  { id: 'configuration', title: 'Configure Eucalyptus' },
  { id: 'start', title: 'Initialise and start the cloud controller' },
  { id: 'register', title: 'Register and start the services' },
  { id: 'cloud', title: 'Configure the cloud' },
  { id: 'credentials', title: 'Create the admin credentials' },
  { id: 'serviceImage', title: 'Install the service image' },
  { id: 'console', title: 'Start the management console' },
  { id: 'summary', title: 'Summary' },
];
