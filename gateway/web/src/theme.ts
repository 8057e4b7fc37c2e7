/**
 * The platform's blue, and text colours dark enough for WCAG AA contrast (axe checks every page).
 * Shared by the console and by the style sheet `npm run build` extracts from Ant Design for it
 * (style-catalogue.tsx): the same theme gives the same class hashes, so the browser finds the
 * styles already in console.css instead of computing them.
 */
export const THEME = {
  token: {
    colorPrimary: '#0b3d6b',
    colorLink: '#0958d9',
    colorError: '#c41d1d',
    colorTextDescription: '#595959',
    colorTextTertiary: '#595959',
    borderRadius: 4,
  },
  components: { Menu: { itemSelectedBg: '#e3ecf6', itemSelectedColor: '#0b3d6b' } },
};
