// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/final-stage-base-image.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n',
    { name: 'node slim', code: 'FROM node:22-slim\nCMD ["node", "server.js"]\n' },
    {
      name: 'node alpine via stage',
      code: 'FROM node:22-alpine AS base\nFROM base\nCMD ["node", "server.js"]\n',
    },
    { name: 'python slim', code: 'FROM python:3.12-slim-bookworm\n' },
    {
      name: 'temurin JRE',
      code: 'FROM maven:3.9-eclipse-temurin-21 AS build\nFROM eclipse-temurin:21-jre-alpine\n',
    },
    {
      name: '.NET runtime',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\n',
    },
    { name: 'scratch', code: 'FROM rust:1.82 AS build\nFROM scratch\n' },
    {
      name: 'a last stage named dev is not shipped',
      code: 'FROM node:22-slim AS prod\nFROM node:22 AS dev\n',
    },
    {
      name: 'a dev-environment stage built on a dev stage',
      code: 'FROM node:lts AS development\nFROM development AS dev-envs\n',
    },
    { name: 'buildpack-deps without compilers', code: 'FROM buildpack-deps:bookworm-scm\n' },
    { name: 'unresolved ARG', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'a non-official image of the same name', code: 'FROM myorg/golang:1.23\n' },
  ],
  invalid: [
    {
      name: 'single-stage Go',
      code: 'FROM golang:1.23\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: [
        {
          messageId: 'toolchain',
          line: 1,
          column: 6,
          endColumn: 17,
          message:
            'The final stage is based on `golang:1.23`, the Go toolchain image; build in an earlier stage and ship on `gcr.io/distroless/static-debian12:nonroot` (or `scratch`) with a static binary (`CGO_ENABLED=0`)',
        },
      ],
    },
    {
      name: 'full node, inherited through a stage',
      code: 'FROM node:22 AS base\nRUN npm ci\nFROM base AS runtime\nCMD ["node", "server.js"]\n',
      errors: [
        {
          messageId: 'toolchain',
          line: 3,
          column: 6,
          endColumn: 10,
          message:
            'The final stage is based on `node:22`, the full Node.js image (build tools, ~1GB) (through stage `base`); build in an earlier stage and ship on `node:22-slim` or `node:22-alpine`',
        },
      ],
    },
    {
      name: 'python full, from an ARG default',
      code: 'ARG PY=3.12\nFROM python:${PY}-bookworm\n',
      errors: [
        {
          messageId: 'toolchain',
          line: 2,
          message:
            'The final stage is based on `python:3.12-bookworm`, the full Python image (compilers and headers, ~1GB); build in an earlier stage and ship on `python:3.12-slim`',
        },
      ],
    },
    {
      name: 'maven',
      code: 'FROM maven:3.9-eclipse-temurin-17\n',
      errors: [{ messageId: 'toolchain', line: 1 }],
    },
    {
      name: 'temurin JDK (the default)',
      code: 'FROM eclipse-temurin:21\n',
      errors: [{ messageId: 'toolchain', line: 1 }],
    },
    {
      name: '.NET SDK',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\n',
      errors: [{ messageId: 'toolchain', line: 1 }],
    },
    {
      name: 'untagged node is node:latest',
      code: 'FROM node\n',
      errors: [{ messageId: 'toolchain', line: 1 }],
    },
  ],
});
