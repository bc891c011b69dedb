import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as der from '../../src/core/der';

const hex = (b: Buffer) => b.toString('hex');

test('lengths: short form below 128, long form from 128, in the fewest octets', () => {
  assert.equal(hex(der.octetString(Buffer.alloc(0))), '0400');
  assert.equal(hex(der.octetString(Buffer.alloc(127))).slice(0, 4), '047f');
  assert.equal(hex(der.octetString(Buffer.alloc(128))).slice(0, 6), '048180');
  assert.equal(hex(der.octetString(Buffer.alloc(255))).slice(0, 6), '0481ff');
  assert.equal(hex(der.octetString(Buffer.alloc(256))).slice(0, 8), '04820100');
  assert.equal(der.octetString(Buffer.alloc(70_000)).subarray(0, 5).toString('hex'), '0483011170');
});

test('object identifiers, including arcs of several base-128 octets', () => {
  assert.equal(hex(der.oid('2.5.4.3')), '0603550403');
  assert.equal(hex(der.oid('1.2.840.113549.1.1.11')), '06092a864886f70d01010b');
  assert.equal(hex(der.oid('2.5.29.35')), '0603551d23');
  assert.throws(() => der.oid('3.1'), RangeError);
  assert.throws(() => der.oid('1.40'), RangeError);
  assert.throws(() => der.oid('1'), RangeError);
});

test('integers: small ones get a leading zero only when the high bit is set; octets must be minimal and positive', () => {
  assert.equal(hex(der.smallInteger(0)), '020100');
  assert.equal(hex(der.smallInteger(2)), '020102');
  assert.equal(hex(der.smallInteger(128)), '02020080');
  assert.equal(hex(der.smallInteger(65537)), '0203010001');
  assert.equal(hex(der.integerOctets(Buffer.from('7f01', 'hex'))), '02027f01');
  assert.equal(hex(der.integerOctets(Buffer.from('0080', 'hex'))), '02020080');
  assert.throws(() => der.integerOctets(Buffer.from('80', 'hex')), RangeError);
  assert.throws(() => der.integerOctets(Buffer.from('0001', 'hex')), RangeError);
  assert.throws(() => der.integerOctets(Buffer.alloc(0)), RangeError);
});

test('times: UTCTime through 2049, GeneralizedTime from 2050, whole seconds in UTC', () => {
  assert.equal(der.time(new Date(Date.UTC(2025, 0, 15, 12, 30, 45, 678))).toString('latin1'), '\x17\x0d250115123045Z');
  assert.equal(der.time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59))).toString('latin1'), '\x17\x0d491231235959Z');
  assert.equal(der.time(new Date(Date.UTC(2050, 0, 1, 0, 0, 0))).toString('latin1'), '\x18\x0f20500101000000Z');
  assert.throws(() => der.time(new Date(Date.UTC(1949, 11, 31))), RangeError);
});

test('the other primitives and the constructed forms', () => {
  assert.equal(hex(der.nullValue()), '0500');
  assert.equal(hex(der.boolean(true)), '0101ff');
  assert.equal(hex(der.boolean(false)), '010100');
  assert.equal(hex(der.bitString(Buffer.from('abcd', 'hex'))), '030300abcd');
  assert.equal(hex(der.utf8String('Zoë')), '0c045a6fc3ab');
  assert.equal(hex(der.sequence(der.nullValue(), der.boolean(true))), '30050500' + '0101ff');
  assert.equal(hex(der.set(der.nullValue())), '31020500');
  assert.equal(hex(der.explicit(0, der.smallInteger(2))), 'a003020102');
  assert.equal(hex(der.explicit(3, der.sequence())), 'a3023000');
  assert.equal(hex(der.implicitPrimitive(0, Buffer.from('0102', 'hex'))), '80020102');
});

test('the string types and constructed context tags a subject and a CSR need', () => {
  assert.equal(hex(der.printableString('GB')), '13024742');
  assert.equal(hex(der.ia5String('a@b')), '1603614062');
  assert.equal(hex(der.implicitConstructed(0)), 'a000', 'an empty [0] IMPLICIT SET: a CSR without attributes');
  assert.equal(hex(der.implicitConstructed(0, der.nullValue(), der.boolean(false))), 'a0050500010100');
});
