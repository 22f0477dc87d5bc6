/**
 * The measurements of GB/T 9704-2012 《党政机关公文格式》 in the units WordprocessingML uses
 * (twips, 1/20 pt; half-points for font sizes; eighths of a point for borders).
 */

const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (v: number): number => Math.round(v * TWIPS_PER_MM);

/** A4 (§5.2.1) */
export const PAGE = { width: 11906, height: 16838 } as const;

/** 天头 37 mm, 订口 28 mm; the 版心 is 156 × 225 mm (§5.2.2), which leaves 35 mm below and 26 mm right. */
export const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } as const;

/** 版心 width and height in twips */
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;

/** 字号 in points: 初号 42, 小初 36, 二号 22, 三号 16, 四号 14 */
export const PT = { chuhao: 42, xiaochu: 36, erhao: 22, sanhao: 16, sihao: 14 } as const;

/** 一般每面排22行，每行排28个字 (§5.2.3): the line pitch that fits 22 lines into 225 mm */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
export const LINE = Math.floor(TEXT_HEIGHT / LINES_PER_PAGE); // 579 twips = 28.95 pt

/** One character cell of the body font (三号, 16 pt) */
export const CHAR = PT.sanhao * 20;

/**
 * 28 characters across the 156 mm 版心 are 15.75 pt each, a little under the 16 pt font: body runs
 * are set 0.25 pt tighter (w:spacing, in twips). A character grid would say the same, but Word and
 * LibreOffice read `w:charSpace` differently; run spacing means the same in both.
 */
export const BODY_CHAR_SPACING = Math.floor(TEXT_WIDTH / CHARS_PER_LINE) - CHAR;

/** 发文机关标志上边缘至版心上边缘为35mm；上行文为80mm (§7.2.3, §10.1) */
export const HEADER_TOP = { down: mm(35), up: mm(80) } as const;

/** 发文字号之下4mm处居中印一条与版心等宽的红色分隔线 (§7.2.5) */
export const SEPARATOR_GAP_PT = 11;

/** 页码一字线上距版心下边缘约7mm (§7.5): the footer is placed so that its top sits 7 mm below the 版心 */
export const FOOTER_LINE = 16 * 20;
export const FOOTER_DISTANCE = MARGIN.bottom - mm(7) - FOOTER_LINE;

/** 红色: 发文机关标志 and the separator line */
export const RED = 'FF0000';

/** Border widths in eighths of a point: 版记 thick lines 0.35 mm, thin lines 0.25 mm (§7.4.1) */
export const RULE = { thick: 8, thin: 6, red: 12 } as const;

/**
 * Font names as Chinese offices have them, each with the name Word and WPS fall back to when the
 * first is not installed (written as `w:altName` in the font table). Fonts are not embedded: the
 * reader's machine supplies them.
 */
export const FONTS = {
  /** 小标宋: 发文机关标志 and 标题 */
  xiaobiaosong: { name: '方正小标宋简体', alt: '宋体', family: 'roman' },
  /** 仿宋: 正文 */
  fangsong: { name: '仿宋_GB2312', alt: '仿宋', family: 'modern' },
  /** 黑体: first-level headings 一、 */
  heiti: { name: '黑体', alt: 'SimHei', family: 'modern' },
  /** 楷体: second-level headings （一） and the 签发人 name */
  kaiti: { name: '楷体_GB2312', alt: '楷体', family: 'modern' },
  /** 宋体: page numbers */
  songti: { name: '宋体', alt: 'SimSun', family: 'auto' },
  /** Latin letters and digits in the body */
  latin: { name: 'Times New Roman', alt: 'Liberation Serif', family: 'roman' },
} as const;

export type FontKey = keyof typeof FONTS;
