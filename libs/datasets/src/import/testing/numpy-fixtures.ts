/** The array both fixtures hold, row-major. */
export const NUMPY_VALUES = [1.5, -2, 0.25, 3, 4, 5e-3];

/** `numpy.save` (numpy 2.4) of `np.array([[1.5, -2, 0.25], [3, 4, 5e-3]], dtype='<f4')`: 128 header bytes, then the data. */
export const NUMPY_F4 = Buffer.from(
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
    'ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAgD4AAEBAAACAQArXozs=',
  'base64',
);

/** The same array saved as `<f8`. */
export const NUMPY_F8 = Buffer.from(
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
    'ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAADAAAAAAAAA0D8AAAAAAAAIQAAAAAAAABBAexSuR+F6dD8=',
  'base64',
);
