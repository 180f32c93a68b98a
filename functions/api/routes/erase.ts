/**
 * GDPR erasure: `DELETE /contacts/{contactId}` → 200 `{erased: true, itemsDeleted, schedulesDeleted,
 * objectsDeleted}` (`#usecases/erase-contact.ts`). The contact is the last thing deleted, so a
 * request that failed part-way (503) is simply sent again; once it succeeded the contact is gone and
 * a repeat is a 404, like any unknown contact.
 */
import { noBody } from '../body.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';

export function eraseRoutes({ eraseContact }: OperationDeps): Route[] {
  return [
    route({
      name: 'eraseContact',
      method: 'DELETE',
      pattern: '/contacts/{contactId}',
      body: noBody,
      async run({ scope }) {
        const outcome = await eraseContact(must(scope.contact).id);
        return { status: 200, body: outcome };
      },
    }),
  ];
}
