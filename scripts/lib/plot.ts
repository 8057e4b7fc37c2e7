/**
 * Draws measured curves as a PNG for the reliability and scale reports: Apache ECharts renders the
 * chart to SVG on the server (its documented server-side rendering, no DOM), resvg turns the SVG
 * into a PNG. Both come as prebuilt packages, so nothing is compiled at install time.
 */
import { writeFileSync } from 'node:fs';
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';

export interface PlotSeries {
  name: string;
  /** [x, y] pairs, in the order they were measured. */
  points: ReadonlyArray<readonly [number, number]>;
  /** 0 = left axis (default), 1 = right axis. */
  axis?: 0 | 1;
}

export interface PlotSpec {
  title: string;
  xLabel: string;
  /** The left axis' label, and the right one's when a series uses it. */
  yLabels: readonly [string] | readonly [string, string];
  series: readonly PlotSeries[];
  /** A logarithmic x axis, for sizes that grow by factors of ten. */
  xLog?: boolean;
  width?: number;
  height?: number;
}

/** The SVG text of the chart (kept apart so a test can read the labels). */
export function plotSvg(spec: PlotSpec): string {
  const width = spec.width ?? 1000;
  const height = spec.height ?? 520;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const axisName = (name: string) => ({ name, nameLocation: 'middle' as const, nameGap: 50 });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'DejaVu Sans, Noto Sans CJK SC, sans-serif' },
    title: { text: spec.title, left: 'center', top: 8 },
    legend: { top: 40 },
    grid: { left: 80, right: spec.yLabels.length > 1 ? 80 : 30, top: 80, bottom: 70 },
    xAxis: { type: spec.xLog ? 'log' : 'value', ...axisName(spec.xLabel), nameGap: 35 },
    yAxis: spec.yLabels.map((label, i) => ({
      type: 'value',
      ...axisName(label),
      nameGap: 55,
      position: i === 0 ? 'left' : 'right',
      splitLine: { show: i === 0 },
    })),
    series: spec.series.map((s) => ({
      name: s.name,
      type: 'line',
      yAxisIndex: s.axis ?? 0,
      showSymbol: s.points.length <= 60,
      data: s.points.map(([x, y]) => [x, y]),
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Renders the chart and writes it as a PNG file; returns the PNG's size in bytes. */
export function writePlotPng(path: string, spec: PlotSpec): number {
  const png = new Resvg(plotSvg(spec), {
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  writeFileSync(path, png);
  return png.length;
}
