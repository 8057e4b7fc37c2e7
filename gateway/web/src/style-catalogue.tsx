/**
 * Ant Design styles itself at run time (CSS-in-JS): on a cold start the browser spent most of the
 * console's first load computing style sheets. `npm run build` runs this module once in Node
 * (bundled by esbuild from the same sources as the console): it renders the components the
 * console uses, in the console's theme, and returns their style sheet with Ant Design's map of
 * what it holds. Served as the head of console.css, the map tells the components in the browser
 * that their styles are already there, so they skip computing them; a component missing from
 * this catalogue still styles itself at run time.
 */
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  ConfigProvider,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Layout,
  Menu,
  Progress,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { THEME } from './theme';

/** The sign-in page and the signed-in frame first (the first load), then what the pages draw. */
function Catalogue(): ReactNode {
  return (
    <App>
      <Layout>
        <Layout.Header>
          <Button size="small" ghost>
            a
          </Button>
          <Tag color="gold">a</Tag>
        </Layout.Header>
        <Layout>
          <Layout.Sider theme="light">
            <Menu mode="inline" items={[{ key: 'a', label: 'a', children: [{ key: 'b', label: 'b' }] }]} defaultOpenKeys={['a']} />
          </Layout.Sider>
          <Layout.Content>
            <Card title="a">
              <Alert type="info" showIcon message="a" description="b" />
              <Form layout="vertical">
                <Form.Item label="a" name="a" rules={[{ required: true }]}>
                  <Input.Password />
                </Form.Item>
                <Form.Item label="b" name="b">
                  <Input />
                </Form.Item>
              </Form>
              <Button type="primary">a</Button>
              <Button>b</Button>
              <Typography.Paragraph>
                <Typography.Text code>a</Typography.Text>
              </Typography.Paragraph>
              <Spin />
              <Result status="404" title="404" />
            </Card>
            <Space wrap>
              <Badge count={1} />
              <Checkbox>a</Checkbox>
              <Radio.Group options={['a']} />
              <Select options={[{ value: 'a' }]} />
              <InputNumber />
              <DatePicker />
              <Switch />
              <Tooltip title="a">
                <span>a</span>
              </Tooltip>
              <Input.TextArea />
              <Upload.Dragger>a</Upload.Dragger>
            </Space>
            <Row>
              <Col span={12}>
                <Descriptions items={[{ key: 'a', label: 'a', children: 'b' }]} />
              </Col>
            </Row>
            <Tabs items={[{ key: 'a', label: 'a', children: 'b' }]} />
            <Table columns={[{ key: 'a', title: 'a', dataIndex: 'a' }]} dataSource={[{ key: 'a', a: 'a' }]} pagination={{ total: 20 }} />
            <Progress percent={50} />
            <Empty />
          </Layout.Content>
        </Layout>
      </Layout>
    </App>
  );
}

/** The style sheet of the catalogue in the console's theme, with the map that tells Ant Design it is there. */
export function consoleStyleSheet(): string {
  const cache = createCache();
  renderToString(
    <StyleProvider cache={cache}>
      <ConfigProvider theme={THEME}>
        <Catalogue />
      </ConfigProvider>
    </StyleProvider>,
  );
  return extractStyle(cache, { plain: true });
}
