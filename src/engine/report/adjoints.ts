/**
 * What the report keeps of the adjoints a backward pass computed: the tensors, or for a large one the texts the
 * report shows of it (its values are released once the pass has used them).
 */
import type { AdjointPreview, KeptAdjoint } from '../autodiff/backprop';
import type { Tensor } from '../tensor/tensor';
import { quickPreview, tensorText } from './text';

/** Length of a tape graph node's preview when the options do not say. */
export const NODE_PREVIEW_CHARS = 40;

/**
 * Adjoints with more elements than this are kept as their previews (`adjointPreview`) once the backward pass has
 * used them: a graph node embeds values of at most `nodeValueLimit` elements (1,000 unless the options say
 * otherwise), so a larger adjoint only ever shows as its preview.
 */
export const ADJOINT_KEEP_ELEMENTS = 65_536;

/** What the report keeps of a large adjoint: the tape graph's preview of it and the explanation's text. */
export function adjointPreview(g: Tensor, previewChars = NODE_PREVIEW_CHARS): AdjointPreview {
  return {
    kind: 'adjointPreview',
    id: g.id,
    dtype: g.dtype,
    shape: g.shape,
    preview: quickPreview(g, previewChars),
    text: tensorText(g),
  };
}

export const isAdjointPreview = (a: KeptAdjoint): a is AdjointPreview =>
  (a as AdjointPreview).kind === 'adjointPreview';

/** The chain-rule explanation's text of an adjoint (`tensorText`, made before its values were released). */
export const adjointText = (a: KeptAdjoint): string => (isAdjointPreview(a) ? a.text : tensorText(a));
