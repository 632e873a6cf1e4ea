// Public face of transport/http: the path router every HTTP part of a node adds its routes to.
export { HttpRouter, serveRouter, sendJson, type HttpHandler, type HttpRoute, type HttpServer } from './router.ts';
