import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { schema } from '../../schema/index.js';

export async function schemaCommand(options: { write?: string }): Promise<void> {
  const sdl = `${printSchema(schema)}\n`;
  if (options.write) {
    await writeFile(options.write, sdl);
    console.log(`wrote ${options.write}`);
  } else process.stdout.write(sdl);
}
