import rule from '../../../../src/lint/rules/dockerfile/go-install-pin.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0\n',
    {
      name: 'local packages',
      code: 'FROM golang:1.22\nRUN go install ./cmd/... && go run . && go run main.go && go get\n',
    },
    {
      name: 'build flags are skipped',
      code: 'FROM golang:1.22\nRUN go install -ldflags "-s -w" -tags netgo ./cmd/app\n',
    },
    {
      name: 'commit pin and variable version',
      code: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@4b0d5d5 && go install "x.io/y@$V"\n',
    },
  ],
  invalid: [
    {
      code: 'FROM golang:1.22\nRUN go install github.com/swaggo/swag/cmd/swag\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 16, endColumn: 47 }],
    },
    {
      name: '@latest and go get',
      code: 'FROM golang:1.22\nRUN go install golang.org/x/vuln/cmd/govulncheck@latest && go get -u github.com/x/y\n',
      errors: [
        { messageId: 'moving', line: 2, column: 16 },
        { messageId: 'unpinned', line: 2, column: 70 },
      ],
    },
  ],
});
