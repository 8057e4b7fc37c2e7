/**
 * A certificate's lineage (数据血缘) as an interactive graph: upstream sources to the left,
 * derived products to the right, from GET /certificates/{id}/lineage, drawn with ECharts' graph
 * series (loaded with this page only). A click on a node opens that certificate's lineage.
 */
import { Alert, Radio, Space, Typography } from 'antd';
import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api';
import { useLoad } from '../components/use-load';
import { useI18n } from '../i18n';
import { navigate, usePath } from '../route';
import { CertificatePicker, idAfter } from './audit';
import { LoadError, PageHeader } from './common';

echarts.use([GraphChart, TooltipComponent, CanvasRenderer]);

interface LineageNode {
  readonly id: string;
  readonly distance: number;
  readonly known: boolean;
  readonly name?: string;
  readonly registry?: string;
  readonly status?: string;
}

interface Lineage {
  readonly root: string;
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly { child: string; parent: string }[];
  readonly truncated: boolean;
}

type Direction = 'both' | 'up' | 'down';

/** Columns by distance (upstream negative, left), rows spread within a column. */
function layout(nodes: readonly LineageNode[]): Map<string, [number, number]> {
  const columns = new Map<number, LineageNode[]>();
  for (const n of nodes) columns.set(n.distance, [...(columns.get(n.distance) ?? []), n]);
  const at = new Map<string, [number, number]>();
  for (const [distance, column] of columns) column.forEach((n, i) => at.set(n.id, [distance * 220, (i - (column.length - 1) / 2) * 90]));
  return at;
}

export function LineageGraph(): ReactNode {
  const { t } = useI18n();
  const id = idAfter(usePath(), '/audit/lineage');
  const [direction, setDirection] = useState<Direction>('both');
  const lineage = useLoad(
    () =>
      id === undefined
        ? Promise.resolve(undefined)
        : api<Lineage>(`/certificates/${encodeURIComponent(id)}/lineage`, { query: { direction, depth: 10, format: 'json' } }),
    [id, direction],
  );
  const chartRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = chartRef.current;
    const data = lineage.data;
    if (!el || !data) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    const at = layout(data.nodes);
    chart.setOption({
      animation: false,
      tooltip: { formatter: (p: { data?: { tip?: string } }) => p.data?.tip ?? '' },
      series: [
        {
          type: 'graph',
          layout: 'none',
          // room for the labels under the outermost nodes
          left: 140,
          right: 140,
          top: 40,
          bottom: 60,
          roam: true,
          draggable: true,
          symbolSize: 46,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 10,
          label: {
            show: true,
            position: 'bottom',
            color: '#1f1f1f',
            width: 240,
            overflow: 'truncate',
            formatter: (p: { data: { label?: string } }) => p.data.label ?? '',
          },
          lineStyle: { color: '#5b6b7b', width: 1.5 },
          data: data.nodes.map((n) => ({
            id: n.id,
            name: n.id,
            x: at.get(n.id)?.[0],
            y: at.get(n.id)?.[1],
            label: `${n.id}\n${n.name ?? ''}`,
            tip: `${n.id}<br/>${n.name ?? ''}<br/>${n.registry ?? ''} · ${n.status ?? ''}`,
            itemStyle: { color: n.id === data.root ? '#0b3d6b' : n.distance < 0 ? '#2f7d32' : '#b35c00' },
          })),
          // an edge from the parent (source) to the child derived from it
          links: data.edges.map((e) => ({ source: e.parent, target: e.child })),
        },
      ],
    });
    chart.on('click', (p) => {
      const target = (p.data as { id?: string } | undefined)?.id;
      if (p.dataType === 'node' && target !== undefined && target !== data.root) navigate(`/audit/lineage/${encodeURIComponent(target)}`);
    });
    const resize = (): void => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [lineage.data]);
  const data = lineage.data;
  return (
    <>
      <PageHeader
        title={t('audit.lineage.title')}
        onRefresh={lineage.reload}
        extra={id && <a href={`#/audit/lifecycle/${encodeURIComponent(id)}`}>{t('nav.audit.lifecycle')}</a>}
      />
      <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
        <CertificatePicker prefix="/audit/lineage" id={id} name="lineage-pick" />
        <Radio.Group value={direction} onChange={(e) => setDirection(e.target.value as Direction)} aria-label={t('audit.direction')} optionType="button">
          <Radio.Button value="both">{t('audit.direction.both')}</Radio.Button>
          <Radio.Button value="up">{t('audit.direction.up')}</Radio.Button>
          <Radio.Button value="down">{t('audit.direction.down')}</Radio.Button>
        </Radio.Group>
      </Space>
      <LoadError error={lineage.error} />
      {id === undefined ? (
        <Alert type="info" showIcon message={t('audit.choose')} className="audit-hint" />
      ) : (
        <>
          {data && (
            <Typography.Paragraph id="lineage-summary" data-nodes={data.nodes.length} data-edges={data.edges.length}>
              {t('audit.lineage.summary', { nodes: data.nodes.length, edges: data.edges.length })} {t('audit.lineage.legend')}
              {data.truncated && ` ${t('audit.lineage.truncated')}`}
            </Typography.Paragraph>
          )}
          <div id="lineage-chart" ref={chartRef} role="img" aria-label={t('audit.lineage.title')} style={{ height: 480, border: '1px solid #e5e5e5' }} />
          {data && (
            // the graph's text twin, for the keyboard and screen readers: each certificate with where it sits
            <ul className="lineage-nodes" aria-label={t('audit.lineage.edges')}>
              {[...data.nodes]
                .sort((a, b) => a.distance - b.distance)
                .map((n) => (
                  <li key={n.id} data-node={n.id}>
                    <a href={`#/audit/lineage/${encodeURIComponent(n.id)}`}>{n.id}</a> {n.name ?? ''} · {n.registry ?? ''} ·{' '}
                    {n.distance === 0
                      ? t('audit.lineage.root')
                      : n.distance < 0
                        ? t('audit.lineage.upstream', { n: -n.distance })
                        : t('audit.lineage.downstream', { n: n.distance })}
                    {data.edges
                      .filter((e) => e.child === n.id)
                      .map((e) => (
                        <span key={e.parent}> · {t('audit.lineage.edge', { child: '', parent: e.parent }).trim()}</span>
                      ))}
                  </li>
                ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
