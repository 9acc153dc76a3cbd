import { mount } from '../../shared';
import { App } from './App';

mount(<App />);
