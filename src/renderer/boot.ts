import './styles.css'

// Browser mode's page already shows the first screenful (src/main/web/firstScreen.ts); evaluating
// the app's script and React's first render hold the page's thread for most of a second, and a
// script that is ready runs before the first frame is painted. So the app is loaded once a frame has
// been painted: the static rows show at once and React replaces them. Elsewhere it costs one frame.
requestAnimationFrame(() => setTimeout(() => void import('./main'), 0))
