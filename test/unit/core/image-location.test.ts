import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/core/errors';
import { imageLocationProblem, parseImageLocation, toCopySource } from '../../../src/core/image-location';

const ASA = 'asa9-20-2-smp-k8.bin';

describe('image locations', () => {
  it('takes a file already on flash', () => {
    assert.deepEqual(parseImageLocation(`disk0:/${ASA}`), { kind: 'flash', path: `disk0:/${ASA}`, file: ASA });
    assert.equal(toCopySource(parseImageLocation(`flash:/${ASA}`)), `disk0:/${ASA}`);
  });

  it('takes every URL form the ASA copies from, unchanged', () => {
    const urls = [
      `ftp://10.0.0.5/${ASA}`,
      `ftp://user:secret@10.0.0.5:2121/images/${ASA};type=xp`,
      `tftp://10.0.0.5/${ASA}`,
      `tftp://10.0.0.5:69/images/${ASA};int=management`,
      `http://images.example.com/${ASA}`,
      `https://user:p%40ss@images.example.com:8443/a/b/${ASA}`,
      `scp://admin@10.0.0.5/${ASA}`,
      `scp://admin:pw@10.0.0.5/srv/${ASA};int=inside`,
      `smb://user:pw@fileserver/share/${ASA}`,
      `http://[fd00::5]:8080/${ASA}`,
    ];
    for (const url of urls) {
      const source = parseImageLocation(url, 'asa');
      assert.equal(source.kind, 'url', url);
      assert.equal(source.file, ASA, url);
      assert.equal(toCopySource(source), url);
    }
  });

  const refused: Array<[string, string, RegExp]> = [
    ['a line break', `http://10.0.0.5/${ASA}\nreload noconfirm`, /line break/],
    ['a carriage return', `http://10.0.0.5/${ASA}\rwrite erase`, /line break/],
    ['a control character', `http://10.0.0.5/${ASA}\u0007`, /control character/],
    ['a space', `http://10.0.0.5/my images/${ASA}`, /a space/],
    ['a quote', `http://10.0.0.5/"${ASA}`, /quote/],
    ['a semicolon', `http://10.0.0.5/${ASA};reload`, /";"/],
    ['a suffix of another protocol', `http://10.0.0.5/${ASA};type=xp`, /";"/],
    ['a question mark', `http://10.0.0.5/${ASA}?x=1`, /"\?"/],
    ['an unknown protocol', `gopher://10.0.0.5/${ASA}`, /cannot copy over "gopher:\/\/"/],
    ['no protocol', `10.0.0.5/${ASA}`, /must be disk0:\/FILE .* or a URL/],
    ['no host', `http:///${ASA}`, /has no server/],
    ["a bad host", `http://bad_host!/${ASA}`, /not a valid server name/],
    ['a bad port', `http://10.0.0.5:99999/${ASA}`, /port .* 1 to 65535/],
    ['no file', 'http://10.0.0.5/images/', /without a file name/],
    ['a file that is not an image', 'http://10.0.0.5/readme.txt', /is not an ASA image file name/],
    ['a flash folder', `disk0:/images/${ASA}`, /top of flash/],
    ['an empty input', '', /No image given/],
    ['credentials on tftp', `tftp://u:p@10.0.0.5/${ASA}`, /TFTP has no user name/],
  ];
  for (const [what, input, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(() => parseImageLocation(input, 'asa'), (e: unknown) => e instanceof InvalidInputError && message.test(e.message));
      assert.match(imageLocationProblem(input, 'asa')!, message);
    });
  }

  it('refuses an ASDM image where the ASA image goes', () => {
    assert.match(imageLocationProblem('http://10.0.0.5/asdm-7201.bin', 'asa')!, /is an ASDM image, not an ASA image/);
    assert.equal(imageLocationProblem('http://10.0.0.5/asdm-7201.bin', 'asdm'), undefined);
    assert.equal(imageLocationProblem('http://10.0.0.5/asdm-7201.bin'), undefined);
  });

  it('never repeats the password in a message', () => {
    const inputs = [
      `ftp://admin:Sup3rS3cret@10.0.0.5/${ASA} x`,
      `ftp://admin:Sup3rS3cret@bad_host/${ASA}`,
      `ftp://admin:Sup3rS3cret@10.0.0.5:0/${ASA}`,
      'ftp://admin:Sup3rS3cret@10.0.0.5/readme.txt',
      `ftp://admin:Sup3rS3cret/x@10.0.0.5/${ASA}`,
      `ftp://admin:Sup3r%zzS3cret@10.0.0.5/${ASA}`,
      `gopher://admin:Sup3rS3cret@10.0.0.5/${ASA}`,
      `ftp://admin:Sup3rS3cret@10.0.0.5/${ASA};int=x`,
    ];
    for (const input of inputs) {
      const problem = imageLocationProblem(input, 'asa');
      assert.ok(problem, input);
      assert.ok(!problem.includes('Sup3r'), problem);
    }
  });
  it('refuses a file:// URL with a broken %-escape with a message, not a raw URIError', () => {
    const problem = imageLocationProblem('file:///[200%1:db8::5]/~user/asdm-7181-152.bin', 'asdm');
    assert.match(problem ?? '', /broken %-escape/);
  });
});
