/**
 * Translations between the gateway's backend types and node-llama-cpp's: chat messages to a
 * Gemma chat history, GGUF metadata to a model id, llama.cpp log levels to ours.
 */
import { basename } from 'node:path';
import { LlamaLogLevel, type ChatHistoryItem, type LlamaModel } from 'node-llama-cpp';
import type { ChatMessage } from './types.js';

export type LlamaLogLevelName = 'error' | 'warn' | 'info' | 'debug';

/** Gemma has no system or tool role; GemmaChatWrapper folds system text into the first user turn. */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history = messages.map((m): ChatHistoryItem => {
    switch (m.role) {
      case 'system':
        return { type: 'system', text: m.content };
      case 'user':
        return { type: 'user', text: m.content };
      case 'tool':
        return { type: 'user', text: `Tool result:\n${m.content}` };
      case 'assistant':
        return { type: 'model', response: [m.content] };
    }
  });
  // A trailing assistant message is continued (prefill); otherwise the model opens a new turn.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/** A stable, URL-safe id: the GGUF's own name when it has one, else the file name. */
export function modelIdFor(model: LlamaModel, modelPath: string): string {
  const name = model.fileInfo.metadata.general.name ?? basename(modelPath).replace(/\.gguf$/i, '');
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id || 'gemma';
}

export function toLevel(level: LlamaLogLevel): LlamaLogLevelName {
  switch (level) {
    case LlamaLogLevel.fatal:
    case LlamaLogLevel.error:
      return 'error';
    case LlamaLogLevel.warn:
      return 'warn';
    case LlamaLogLevel.debug:
      return 'debug';
    case LlamaLogLevel.info:
    case LlamaLogLevel.log:
    case LlamaLogLevel.disabled:
      return 'info';
  }
}
