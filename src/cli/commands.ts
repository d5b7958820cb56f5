import type { Command } from './command.js';
import { decodeCommand } from './decode.js';
import { encodeCommand } from './encode.js';
import { explainCommand } from './explain.js';
import { validateCommand } from './validate.js';

/** Every `tcstring` command, in the order `--help` lists them. Add new commands here. */
export const COMMANDS: readonly Command[] = [decodeCommand, validateCommand, encodeCommand, explainCommand];
