/**
 * Price monitoring (价格监测): settled trades per month of a category from the public
 * GET /api/v1/market/prices, drawn with ECharts (loaded with this page only, from its core
 * and the three parts used).
 */
import { Alert, Button, Card, Form, Select, Space, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api';
import { monthCst, yuan } from '../format';
import { useI18n } from '../i18n';
import { CATEGORIES, LoadError, PageHeader } from './common';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Figures {
  readonly median: number;
  readonly quantiles: { p10: number; p90: number };
}

interface MarketPrices {
  readonly threshold: number;
  readonly months: { month: string; trades: number; disclosed: number; figures?: Figures; withheld?: string }[];
  readonly total: { trades: number; disclosed: number };
}

interface Query {
  category: string;
  from: string;
  to: string;
}

const MONTHS = Array.from({ length: 24 }, (_, i) => monthCst(-i));

export function PriceMonitoring(): ReactNode {
  const { t } = useI18n();
  const [query, setQuery] = useState<Query>({ category: 'new-energy', from: monthCst(-11), to: monthCst(0) });
  const [prices, setPrices] = useState<MarketPrices | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const chartRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setError(undefined);
    api<MarketPrices>('/market/prices', { query: { ...query, threshold: 2 }, anonymous: true }).then(setPrices, (e: unknown) => setError(e as Error));
  }, [query]);
  useEffect(() => {
    const el = chartRef.current;
    if (!el || !prices) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    const months = prices.months.map((m) => m.month);
    const fenToYuan = (fen: number | undefined): number | null => (fen === undefined ? null : fen / 100);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 70, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: [
        { type: 'value', name: t('regulator.prices.trades'), minInterval: 1 },
        { type: 'value', name: '¥', axisLabel: { formatter: (v: number) => yuan(Math.round(v * 100)) } },
      ],
      series: [
        { name: t('regulator.prices.trades'), type: 'bar', data: prices.months.map((m) => m.trades), itemStyle: { color: '#8fb3d9' } },
        { name: t('regulator.prices.disclosed'), type: 'bar', data: prices.months.map((m) => m.disclosed), itemStyle: { color: '#0b3d6b' } },
        {
          name: t('regulator.prices.median'),
          type: 'line',
          yAxisIndex: 1,
          connectNulls: false,
          data: prices.months.map((m) => fenToYuan(m.figures?.median)),
          tooltip: { valueFormatter: (v: number | null) => (v === null ? '—' : yuan(Math.round(v * 100))) },
          itemStyle: { color: '#c0392b' },
        },
      ],
    });
    const resize = (): void => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [prices, t]);
  return (
    <>
      <PageHeader title={t('regulator.prices.title')} />
      <Card className="form-card">
        <Form<Query> name="prices" layout="inline" initialValues={query} onFinish={setQuery}>
          <Form.Item label={t('field.category')} name="category">
            <Select style={{ width: 160 }} options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
          </Form.Item>
          <Form.Item label={t('field.month')} name="from">
            <Select style={{ width: 110 }} options={MONTHS.map((m) => ({ value: m, label: m }))} />
          </Form.Item>
          <Form.Item label="—" name="to" colon={false}>
            <Select style={{ width: 110 }} options={MONTHS.map((m) => ({ value: m, label: m }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('regulator.prices.query')}
          </Button>
        </Form>
      </Card>
      <LoadError error={error} />
      {prices && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph id="prices-total" data-trades={prices.total.trades}>
            {t('regulator.prices.total', { trades: prices.total.trades, disclosed: prices.total.disclosed })}
          </Typography.Paragraph>
          <Alert type="info" showIcon message={t('regulator.prices.withheld', { k: prices.threshold })} />
        </Space>
      )}
      <div ref={chartRef} id="price-chart" className="price-chart" role="img" aria-label={t('regulator.prices.title')} />
    </>
  );
}
