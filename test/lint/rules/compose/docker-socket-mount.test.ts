// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/docker-socket-mount.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n      - data:/data\nvolumes:\n  data: {}\n',
    {
      name: 'a named volume called docker.sock is not the host socket',
      code: 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - sock:/var/run/docker.sock\nvolumes:\n  sock: {}\n',
    },
    {
      name: 'the app socket directory of the service itself',
      code: 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./run/app.sock:/run/app.sock\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  traefik:\n    image: traefik:v3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n',
      errors: [
        {
          messageId: 'socket',
          line: 5,
          column: 9,
          message:
            'Service `traefik` mounts the Docker socket `/var/run/docker.sock` (`:ro` does not help: the API is still writable): whoever controls the container controls the host',
        },
      ],
    },
    {
      name: 'long syntax, /run path',
      code: 'services:\n  agent:\n    image: portainer/agent:2.21.0\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n',
      errors: [{ messageId: 'socket', line: 5, column: 9 }],
    },
    {
      name: 'podman and rootless sockets through interpolation',
      code: 'services:\n  a:\n    image: x/y:1\n    volumes:\n      - ${XDG_RUNTIME_DIR}/podman/podman.sock:/var/run/docker.sock\n      - /run/containerd/containerd.sock:/run/containerd/containerd.sock\n',
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      errors: [
        { messageId: 'socket', line: 5, column: 9 },
        { messageId: 'socket', line: 6, column: 9 },
      ],
    },
    {
      name: 'the whole run directory',
      code: 'services:\n  a:\n    image: x/y:1\n    volumes:\n      - /var/run:/host/var/run\n',
      errors: [{ messageId: 'runDir', line: 5, column: 9 }],
    },
    {
      name: 'in the override file',
      code: 'services:\n  a:\n    image: x/y:1\n',
      files: {
        'compose.override.yaml':
          'services:\n  a:\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n',
      },
      errors: [{ messageId: 'socket', line: 3, column: 15 }],
    },
  ],
});
