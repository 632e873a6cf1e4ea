// Entry of the console's front end.
import { render } from 'preact';
import { App } from './app.tsx';
import { lang } from './i18n.ts';
import './style.css';

document.documentElement.lang = lang();
render(<App />, document.getElementById('app')!);
