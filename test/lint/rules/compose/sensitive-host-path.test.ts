// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/sensitive-host-path.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n      - /etc/localtime:/etc/localtime:ro\n      - /srv/app/data:/data\n',
    {
      name: 'monitoring agents reading cgroups read-only',
      code: 'services:\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    volumes:\n      - /sys/fs/cgroup:/sys/fs/cgroup:ro\n      - /dev/disk/:/dev/disk:ro\n',
    },
    {
      name: 'the docker socket is docker-socket-mount’s job',
      code: 'services:\n  a:\n    image: x/y:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
    },
    {
      name: 'a project directory under /home',
      code: 'services:\n  a:\n    image: x/y:1\n    volumes:\n      - /home/me/project/src:/app\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  agent:\n    image: x/y:1\n    volumes:\n      - /:/host:ro\n      - /proc:/host/proc\n      - /var/lib/docker/containers:/containers:ro\n',
      errors: [
        {
          messageId: 'sensitive',
          line: 5,
          column: 9,
          message:
            'Service `agent` bind-mounts `/` (the host root filesystem), read-only; mount only the specific file or directory it needs',
        },
        { messageId: 'sensitive', line: 6, column: 9 },
        { messageId: 'sensitive', line: 7, column: 9 },
      ],
    },
    {
      name: 'credentials in home directories, long syntax',
      code: 'services:\n  ci:\n    image: x/y:1\n    volumes:\n      - ~/.ssh:/root/.ssh:ro\n      - type: bind\n        source: /home/me/.kube/config\n        target: /root/.kube/config\n',
      errors: [
        { messageId: 'sensitive', line: 5, column: 9 },
        { messageId: 'sensitive', line: 6, column: 9 },
      ],
    },
    {
      name: 'a local volume that binds /etc',
      code: 'services:\n  a:\n    image: x/y:1\n    volumes: [etc:/host-etc]\nvolumes:\n  etc:\n    driver_opts:\n      type: none\n      o: bind\n      device: /etc\n',
      errors: [{ messageId: 'volumeDevice', line: 10, column: 15 }],
    },
    {
      name: 'trailing slash and the whole home tree',
      code: 'services:\n  a:\n    image: x/y:1\n    volumes:\n      - /etc/:/host-etc\n      - ${HOME}:/home/me\n',
      env: { HOME: '/home/me' },
      errors: [
        { messageId: 'sensitive', line: 5, column: 9 },
        { messageId: 'sensitive', line: 6, column: 9 },
      ],
    },
  ],
});
