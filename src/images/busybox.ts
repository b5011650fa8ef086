import { ImageFacts } from './image-facts';

const DOCKERFILE = 'https://github.com/docker-library/busybox/blob/master/latest/glibc/amd64/Dockerfile.builder';

/** busybox: every tool is an applet of one static binary under /bin; runs as root unless told otherwise. */
export const BUSYBOX: ImageFacts = {
  id: 'busybox',
  title: 'busybox',
  repository: /(^|\/)(library\/)?busybox$/,
  example: 'docker.io/library/busybox',
  layouts: [{ entrypoint: [], cmd: ['sh'], source: DOCKERFILE }],
  env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
  programs: [],
  listenPort: {},
  mcpPaths: [],
  needsKubernetesApi: false,
  flags: [],
  sources: [DOCKERFILE],
};
