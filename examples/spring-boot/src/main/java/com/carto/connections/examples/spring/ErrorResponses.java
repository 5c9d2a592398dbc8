package com.carto.connections.examples.spring;

import com.carto.connections.error.ConnectionException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The SDK's error categories as HTTP statuses, with the SDK's message (which never holds a secret). */
@RestControllerAdvice
final class ErrorResponses {
    @ExceptionHandler(ConnectionException.class)
    ResponseEntity<Map<String, String>> refused(ConnectionException exception) {
        HttpStatus status = switch (exception.category()) {
            case INVALID_CONFIGURATION -> HttpStatus.BAD_REQUEST;
            case AUTHENTICATION, PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT, IN_USE -> HttpStatus.CONFLICT;
            case UNSUPPORTED -> HttpStatus.NOT_IMPLEMENTED;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case LIMIT_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return ResponseEntity.status(status)
                .body(Map.of("category", exception.category().name(), "message", exception.getMessage()));
    }
}
