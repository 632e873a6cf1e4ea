// Public face of transport/http: the path router every HTTP part of a node adds its routes to.
export { HttpRouter, serveRouter, sendJson, type HttpHandler, type HttpRoute, type HttpServer } from './router.ts';
export { LOCAL_HOSTS, browserGuard, guarded, hostName, refusal, type BrowserGuard, type RouteKind } from './guard.ts';
