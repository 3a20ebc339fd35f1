import rule from '../../../../src/lint/rules/dockerfile/gem-pin-versions.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM ruby:3.3\nRUN gem install bundler -v 2.5.16\n',
    {
      name: 'name:version and --version=',
      code: 'FROM ruby:3.3\nRUN gem install rake:13.2.1 && gem install rails --version=7.1.3\n',
    },
    { name: 'local gem file and variables', code: 'FROM ruby:3.3\nRUN gem install ./pkg/x-1.0.gem $GEMS\n' },
    { name: 'bundle install uses the Gemfile.lock', code: 'FROM ruby:3.3\nRUN bundle install\n' },
  ],
  invalid: [
    {
      code: 'FROM ruby:3.3\nRUN gem install bundler\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 17, endColumn: 24 }],
    },
    {
      name: 'options with values are skipped; --no-document',
      code: 'FROM ruby:3.3\nRUN gem install --no-document -i /opt/gems foreman\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 44 }],
    },
  ],
});
