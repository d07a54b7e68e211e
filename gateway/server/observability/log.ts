/**
 * The gateway's log. Two formats, chosen by LOG_FORMAT:
 * - `json` (the default when NODE_ENV=production): pino, one JSON object per line on stdout, one
 *   line per request at `info` (request-log.ts lists the fields), warnings and errors as JSON too,
 *   for a log collector to index;
 * - `text` (the default otherwise): `npm start` stays as quiet as it always was; warnings and
 *   errors as plain lines on stderr, and one short line per request only at LOG_LEVEL=debug.
 * LOG_LEVEL is pino's: fatal, error, warn, info (default), debug, trace or silent.
 */
import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import { UsageError } from '../../config.js';

export type LogFormat = 'json' | 'text';
export type LogLevel = Level | 'silent';

const levels: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** What one request did; written as the request's log line. */
export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  tenant?: string;
  operation?: string;
  /** The response cache's outcome (hit, miss, bypass), for GraphQL answers. */
  cache?: string;
}

export interface GatewayLog {
  readonly format: LogFormat;
  readonly level: LogLevel;
  request(line: RequestLine): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, error: unknown, fields?: Record<string, unknown>): void;
}

export interface LogSettings {
  format: LogFormat;
  level: LogLevel;
}

export function logSettings(env: NodeJS.ProcessEnv = process.env): LogSettings {
  const format = (env.LOG_FORMAT?.trim().toLowerCase() ||
    (env.NODE_ENV === 'production' ? 'json' : 'text')) as LogFormat;
  if (format !== 'json' && format !== 'text') {
    throw new UsageError(`LOG_FORMAT must be json or text, got '${env.LOG_FORMAT?.slice(0, 40)}'`);
  }
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!levels.includes(level)) {
    throw new UsageError(
      `LOG_LEVEL must be one of ${levels.join(', ')}, got '${env.LOG_LEVEL?.slice(0, 40)}'`,
    );
  }
  return { format, level };
}

/** The log the settings ask for; `destination` replaces stdout (tests). */
export function createGatewayLog(settings: LogSettings, destination?: DestinationStream): GatewayLog {
  return settings.format === 'json' ? jsonLog(settings, destination) : textLog(settings, destination);
}

function jsonLog(settings: LogSettings, destination?: DestinationStream): GatewayLog {
  const logger: Logger = pino(
    {
      level: settings.level,
      base: { service: 'tandem', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return {
    format: 'json',
    level: settings.level,
    request: (line) => logger.info(line, 'request'),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, error, fields) => logger.error({ ...fields, err: error }, message),
  };
}

function textLog(settings: LogSettings, destination?: DestinationStream): GatewayLog {
  const rank = (level: LogLevel) => levels.indexOf(level);
  const shows = (level: LogLevel) => settings.level !== 'silent' && rank(level) <= rank(settings.level);
  const write = (text: string, stream: NodeJS.WriteStream) =>
    destination ? destination.write(`${text}\n`) : stream.write(`${text}\n`);
  return {
    format: 'text',
    level: settings.level,
    request(line) {
      if (!shows('debug')) return;
      const extra = [
        line.tenant && `tenant=${line.tenant}`,
        line.operation && `operation=${line.operation}`,
        line.cache && `cache=${line.cache}`,
        `id=${line.requestId}`,
      ].filter(Boolean);
      write(`${line.method} ${line.path} ${line.status} ${line.ms} ms ${extra.join(' ')}`, process.stdout);
    },
    warn(message) {
      if (shows('warn')) write(message, process.stderr);
    },
    error(message, error) {
      if (!shows('error')) return;
      write(
        `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        process.stderr,
      );
    },
  };
}
