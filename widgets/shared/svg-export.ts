/** SVG and PNG export of a rendered chart, standalone: computed colors and fonts are inlined. */

const INLINED = [
  'fill',
  'stroke',
  'stroke-width',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
];

/** Serializes `svg` with its computed presentation inlined, so it renders the same outside the widget. */
export function serializeSVG(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const sources = [svg, ...svg.querySelectorAll('*')];
  const targets = [clone, ...clone.querySelectorAll('*')];
  sources.forEach((source, i) => {
    const target = targets[i];
    const computed = getComputedStyle(source);
    for (const property of INLINED) target.setAttribute(property, computed.getPropertyValue(property));
    for (const attribute of ['tabindex', 'role', 'part', 'class', 'style', 'data-mark'])
      target.removeAttribute(attribute);
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // XMLSerializer escapes text and attributes, so data text stays text in the exported file.
  return new XMLSerializer().serializeToString(clone);
}

/** Draws the serialized SVG on a canvas at `scale` × its size (an <img> never runs SVG scripts). */
export async function svgToPNG(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image(width, height);
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d')!;
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves `blob` as `filename` through a temporary object-URL link (never a data value in an href). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
