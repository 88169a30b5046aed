/** The recogniser lives in ./special-category/: vocabulary, context rules and the matcher. */
export { detectSpecialCategories, specialCategories, type SpecialCategory, type SpecialCategoryMatch } from './special-category/index.js';
