import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId, ForeignCommandId } from '../../src/extension/commands/commandIds';
import { test } from './harness';
import { api, assert } from './util';

interface Manifest {
  contributes: { commands: { command: string; category?: string }[]; views: Record<string, { id: string }[]> };
}

function manifest(): Manifest {
  const ext = vscode.extensions.getExtension('threadline.threadline');
  assert.ok(ext);
  return JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
}

test('activation: the extension activates and returns its services', async () => {
  const t = await api();
  assert.ok(t.host.session, 'a session exists');
  assert.equal(t.groupsView.visible !== undefined, true);
  assert.equal(vscode.extensions.getExtension('threadline.threadline')?.isActive, true);
});

test('activation: every command in CommandId is declared in the manifest and registered', async () => {
  await api();
  const declared = new Set(manifest().contributes.commands.map((c) => c.command));
  const registered = new Set(await vscode.commands.getCommands(true));
  for (const id of Object.values(CommandId)) {
    assert.ok(declared.has(id), `${id} declared in package.json`);
    assert.ok(registered.has(id), `${id} registered`);
  }
  for (const id of Object.values(ForeignCommandId))
    assert.ok(declared.has(id), `${id} declared for the timeline / live sources`);
  for (const id of Object.values(ForeignCommandId))
    assert.ok(registered.has(id), `${id} registered by the timeline / live sources`);
  for (const c of manifest().contributes.commands)
    assert.equal(c.category, 'Threadline', `${c.command} is in category Threadline`);
});

test('activation: the Threadline container holds the Groups, Sources and Patterns views', async () => {
  const views = manifest().contributes.views.threadline?.map((v) => v.id) ?? [];
  assert.deepEqual(views, ['threadline.groups', 'threadline.sources', 'threadline.patterns']);
  await vscode.commands.executeCommand('workbench.view.extension.threadline');
  const t = await api();
  assert.equal(t.groupsView.visible, true);
});
