/** Fill `{{name}}` placeholders; unknown names are left visible so a missing datum is noticed in tests. */
export function interpolate(
  template: string,
  data: Readonly<Record<string, string | number>> | undefined,
): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole,
  );
}
