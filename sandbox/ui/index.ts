/** The sandbox's Custom UI host: mount `createUiHandler(options)` on a node:http server. */
export { createUiHandler } from './handler';
export type {
  HttpHandler,
  InvokeResolverFn,
  ProductRequest,
  ProductResponse,
  RequestProductFn,
  ResolverInvocation,
  UiExtension,
  UiHandlerOptions,
  UiLicense,
  UiPageView,
  UiSite,
  UiSitePage,
  UiSiteSpace,
  UiSiteUser,
} from './types';
export { readUiManifest, type UiModule, type UiManifest } from './manifest-ui';
