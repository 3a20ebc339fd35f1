import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, rel } from '../fs-view.js';

/** Plain HTML sites: Staticfile (root: dir), a root index.html, or public/ | dist/ | site/ with an index.html. */
export const staticDetector: Detector = {
  id: 'static',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    const staticfile = rel(dir, 'Staticfile');
    let root: string | undefined;
    let source: string | undefined;
    if (view.has(staticfile)) {
      const configured = /^\s*root\s*:\s*(\S+)/m.exec(view.read(staticfile) ?? '')?.[1];
      root = configured ?? '.';
      source = staticfile;
    } else if (view.has(rel(dir, 'index.html'))) {
      root = '.';
      source = rel(dir, 'index.html');
    } else {
      for (const d of ['public', 'site', 'www', 'html', 'dist', 'docs']) {
        if (view.has(rel(dir, `${d}/index.html`))) {
          root = d;
          source = rel(dir, `${d}/index.html`);
          break;
        }
      }
    }
    if (root === undefined || source === undefined) return [];
    const draft = new AppDraft(basename(dir === '.' ? view.root : dir), dir, view.has(staticfile) ? 70 : 20);
    draft.language = { name: 'static', version: '', versionSource: null, versionIsDefault: false };
    draft.because(
      'language',
      'static',
      source,
      view.has(staticfile) ? 'high' : 'medium',
      view.has(staticfile) ? 'Staticfile' : 'index.html and no application manifest',
    );
    draft.setKind('static', source, 'high', 'HTML files served as they are');
    draft.outputDir = root;
    draft.because('outputDir', root, source, 'high', 'document root');
    return [draft];
  },
};
