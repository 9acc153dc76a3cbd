import { mount } from '../../shared';
import { App } from './App';
import './ask.css';

mount(<App />);
