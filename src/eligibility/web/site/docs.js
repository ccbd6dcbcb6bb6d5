// The API docs page: Swagger UI from this service's own files, the spec from this
// service. No inline script, so the page runs under a CSP of 'self' only.
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/schema/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // No calls to validator.swagger.io: the page works with the network blocked.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
});
