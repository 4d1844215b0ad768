// Starts Swagger UI on /api/docs; kept in a file because the CSP forbids inline scripts.
window.ui = window.SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
