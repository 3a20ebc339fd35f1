import rule from '../../../../src/lint/rules/compose/sysctls-kernel.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  a:\n    image: x/y:1\n    sysctls:\n      net.core.somaxconn: 1024\n      net.ipv4.ip_unprivileged_port_start: 0\n      kernel.shmmax: 68719476736\n      fs.mqueue.msg_max: 100\n    devices: ["/dev/dri:/dev/dri", "/dev/net/tun"]\n',
    'services:\n  a:\n    image: x/y:1\n    sysctls: ["net.ipv4.tcp_syncookies=1"]\n    oom_kill_disable: false\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    image: x/y:1\n    sysctls:\n      vm.max_map_count: 262144\n      kernel.randomize_va_space: 0\n',
      errors: [
        {
          messageId: 'notNamespaced',
          line: 5,
          column: 7,
          message:
            'Service `a` sets sysctl `vm.max_map_count`, which is not namespaced: Docker refuses it (set it on the host, if at all)',
        },
        { messageId: 'notNamespaced', line: 6, column: 7 },
      ],
    },
    {
      name: 'list syntax, host network',
      code: 'services:\n  a:\n    image: x/y:1\n    network_mode: host\n    sysctls:\n      - net.ipv4.ip_forward=1\n',
      errors: [{ messageId: 'hostNetwork', line: 6, column: 9 }],
    },
    {
      name: 'devices, cgroup rules and the OOM killer',
      code: 'services:\n  a:\n    image: x/y:1\n    devices:\n      - /dev/mem:/dev/mem\n      - /dev/sda:/dev/xvda:rwm\n      - /dev/kmsg\n    device_cgroup_rules: ["a *:* rwm"]\n    oom_kill_disable: true\n',
      errors: [
        {
          messageId: 'device',
          line: 5,
          column: 9,
          message: 'Service `a` gets host device `/dev/mem`: raw access to physical memory and I/O ports',
        },
        { messageId: 'device', line: 6, column: 9 },
        { messageId: 'device', line: 7, column: 9 },
        { messageId: 'cgroupAll', line: 8, column: 27 },
        { messageId: 'oomKillDisable', line: 9, column: 23 },
      ],
    },
  ],
});
