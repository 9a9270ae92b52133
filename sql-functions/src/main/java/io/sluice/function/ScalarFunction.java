package io.sluice.function;

/**
 * Marker for user-defined scalar functions: a public class with a public {@code eval} method whose
 * parameter and return types map to SQL types, registered with {@code CREATE FUNCTION name AS
 * 'class'}.
 */
public interface ScalarFunction {}
