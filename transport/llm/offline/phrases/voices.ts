// How each flavour opens and closes a line, and its little words: the veteran's "Arkadaşlar", the
// trader's "aga", the economist's "Veriye bakalım", the newcomer's "ya", the chartist's "Grafikte",
// the retiree's "Çocuklar". A persona leans on its own set; these carry much of who is speaking.
import type { Bucket, Flavour } from '../voice.ts';

/** Line openers that speak to nobody in particular (any line may use them). */
export const OPENERS: Readonly<Record<Flavour, readonly string[]>> = {
  veteran: ['Bakın', 'Şimdi', 'Yıllardır gördüğüm şu', 'Eskiler bilir', 'Açıkçası', 'Benden söylemesi', 'Sakin olalım'],
  trader: ['aga', 'valla', 'ya', 'abi', 'hadi bakalım', 'ayy', 'cidden', 'bak şimdi', 'hızlı not'],
  economist: ['Veriye bakalım', 'Şunu not edeyim', 'Resmin bütününe bakarsak', 'Açık konuşayım', 'Bir parantez açayım', 'Kısaca', 'Objektif bakarsak'],
  newbie: ['ya', 'şey', 'merak ettim de', 'ay', 'valla', 'şimdi baktım da'],
  chartist: ['Teknik olarak', 'Günlükte', 'Not', 'Net konuşayım', 'Kısaca', 'Bakalım'],
  retiree: ['Aman', 'Ah', 'Valla', 'Şükür', 'Hay Allah'],
  plain: ['Açıkçası', 'Bakın', 'Şimdi', 'Hmm', 'Nasıl desem', 'Bence şöyle'],
};

/** Openers that call out, written with a name after them without a comma between ("Abi Can, …"). */
export const CALL_OUT: ReadonlySet<string> = new Set(['aga', 'abi', 'valla', 'ya', 'ayy', 'ay', 'cidden', 'aman', 'ah']);

/** Openers that call the whole group: only for a line to everyone, never in a reply to one member. */
export const CALLS: Readonly<Record<Flavour, readonly string[]>> = {
  veteran: ['Arkadaşlar', 'Gençler'], trader: ['dostlar', 'millet', 'kanka'], economist: ['Arkadaşlar'], newbie: ['arkadaşlar', 'millet'],
  chartist: ['Arkadaşlar'], retiree: ['Çocuklar', 'Canlarım', 'Evlatlar', 'Ah çocuklar'], plain: ['Arkadaşlar'],
};

export const TAILS: Readonly<Record<Flavour, readonly string[]>> = {
  veteran: ['acele yok', 'sabır', 'benden söylemesi', 'gerisi teferruat', 'uzun vade bunu affeder'],
  trader: ['bu kadar', 'haberiniz olsun', 'stop şart', 'hadi bakalım', 'tahta bunu sever', 'dedim bi'],
  economist: ['veriler ortada', 'not edelim', 'rakamlar bunu söylüyor', 'gerisi yorum'],
  newbie: ['öğreniyorum işte', 'bilmiyorum tabii', 'yanlışsam düzeltin', 'yeniyim kusura bakmayın'],
  chartist: ['teyit bekliyorum', 'seviye net', 'grafik bunu söylüyor', 'hacim önemli'],
  retiree: ['Allah hayırlısını versin', 'aman dikkat', 'sabreden kazanır', 'temettü yeter bize'],
  plain: ['bakalım', 'görürüz', 'izliyorum', 'hayırlısı'],
};

/** Agreement and disagreement words by register. */
export const YES: Readonly<Record<Bucket, readonly string[]>> = {
  slang: ['aynen', 'aynen öyle', 'doğru diyosun', 'haklısın', 'tam isabet', 'he valla öyle', 'katılıyom'],
  neat: ['Katılıyorum', 'Yerinde bir tespit', 'Haklısınız', 'Aynı kanaatteyim', 'Doğru bir okuma'],
  plain: ['Katılıyorum', 'Aynen öyle', 'Haklısın', 'Bence de öyle', 'Doğru diyorsun', 'Ben de aynı fikirdeyim'],
};
export const NO: Readonly<Record<Bucket, readonly string[]>> = {
  slang: ['yok ya', 'abartma ya', 'bence öyle değil', 'hiç sanmam', 'ya yok artık', 'emin değilim ya'],
  neat: ['Pek katılamıyorum', 'Burada ayrışıyoruz', 'Veriler bunu pek desteklemiyor', 'Farklı okuyorum', 'Bu noktada itirazım var'],
  plain: ['Pek katılamıyorum', 'Orada ayrılıyoruz', 'Emin değilim', 'Hmm, o kadar emin değilim', 'Bence öyle değil'],
};
