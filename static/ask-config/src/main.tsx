import { mount } from '../../shared';
import { ConfigApp } from './ConfigApp';
import './config.css';

mount(<ConfigApp />);
