// Swagger UI over the coordinator's own OpenAPI document; "Authorize" takes an API key as a Bearer token.
window.onload = () => {
  window.ui = SwaggerUIBundle({
    url: '/docs/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
  });
};
