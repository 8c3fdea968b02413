import { useEffect, useId } from 'react';
import { usePalette, type Command } from '../stores/palette';

/** Registers commands in the palette while the calling component is shown. */
export function useCommands(commands: Command[], deps: unknown[]): void {
  const owner = useId();
  useEffect(() => {
    usePalette.getState().register(owner, commands);
    return () => usePalette.getState().unregister(owner);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [owner, ...deps]);
}
