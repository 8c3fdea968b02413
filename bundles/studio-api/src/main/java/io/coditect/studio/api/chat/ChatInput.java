package io.coditect.studio.api.chat;

import io.coditect.studio.api.routing.ModelRef;

/**
 * A message for the agent.
 *
 * @param text  what the participant writes (1 to 100,000 characters)
 * @param model the provider or provider/model to prefer, or null to let the router choose; the
 *              router falls back to other models when it fails
 */
public record ChatInput(String text, ModelRef model) {
}
