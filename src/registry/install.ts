import { registerResourceTypes } from '../authz/resources'
import { registerEventTypes } from '../events/catalogue'
import { registerEventReactions } from '../events/reactions'
import { registerProblemCodes } from '../http/errors'
import { registerWorkerModules } from '../jobs/module'
import { registerContactMergeSteps } from '../kit/contact-merge'
import { registerNotificationKinds } from '../notifications/kinds'
import { registerSearchSources } from '../search/sources'
import type { AreaDeclaration } from './area'
import { registerWorkspaceSetup } from './workspace-setup'

let installed: readonly AreaDeclaration[] | undefined

/**
 * Hand every area's declaration to the engine's registries, once per process (generated/areas.ts calls it
 * when first imported). A second call with the same areas is a no-op; with others, a mistake.
 */
export function installAreas(areas: readonly AreaDeclaration[]): readonly AreaDeclaration[] {
  if (installed) {
    if (installed.length !== areas.length || installed.some((a, i) => a !== areas[i]))
      throw new Error('the area registry is installed already, with other areas')
    return installed
  }
  const names = new Set<string>()
  for (const area of areas) {
    if (names.has(area.name)) throw new Error(`area ${area.name} is declared twice`)
    names.add(area.name)
    registerProblemCodes(area.problems ?? {}, area.name)
    registerResourceTypes(area.resources ?? {}, area.name)
    registerEventTypes(area.events ?? {}, area.name)
    registerEventReactions(area.reactions ?? [], area.name)
    registerNotificationKinds(area.notificationKinds ?? {}, area.name)
    registerContactMergeSteps(area.contactMergeSteps ?? [])
    registerSearchSources(area.searchSources ?? [], area.name)
    registerWorkspaceSetup(area.setupWorkspace, area.name)
    const modules = [...(area.workers ?? [])]
    if (area.ticks?.length) {
      const ticks = area.ticks
      modules.push({ name: `${area.name}-ticks`, setup: async () => ({ ticks }) })
    }
    registerWorkerModules(modules, area.name)
  }
  installed = areas
  return installed
}
