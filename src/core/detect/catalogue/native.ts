// C and C++ programs built with CMake or Meson: configured and compiled into build/ as the
// install step (the build is incremental, so it runs every time), then the executable started.
import { entries } from './entry.js';

const native = { kind: 'native', role: 'backend', port: { preferred: 8080, env: 'PORT' }, health: { kind: 'tcp' } } as const;

export const NATIVE_FRAMEWORKS = entries([
  {
    ...native, id: 'cmake', name: 'CMake', recognise: { manifest: 'CMakeLists.txt' }, tool: 'cmake', packageManager: 'cmake',
    install: [['cmake', '-S', '.', '-B', 'build', '-DCMAKE_BUILD_TYPE=Release'], ['cmake', '--build', 'build']],
    start: ['build/{entry}'], docs: 'https://cmake.org/cmake/help/latest/manual/cmake.1.html#build-a-project',
  },
  {
    ...native, id: 'meson', name: 'Meson', recognise: { manifest: 'meson.build' }, tool: 'meson', packageManager: 'meson',
    install: [['meson', 'setup', 'build'], ['meson', 'compile', '-C', 'build']],
    start: ['build/{entry}'], docs: 'https://mesonbuild.com/Running-Meson.html',
  },
]);
